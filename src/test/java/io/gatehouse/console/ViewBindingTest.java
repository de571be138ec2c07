package io.gatehouse.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gatehouse.console.view.Named;
import io.gatehouse.console.view.Repo;
import io.gatehouse.console.view.UsageRow;
import io.gatehouse.platform.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How API answers bind to the console's view records: by field name, and loudly when a named field is missing. */
class ViewBindingTest {

    private static PlatformClient.Answer answer(String json) throws JsonProcessingException {
        return new PlatformClient.Answer(200, Json.MAPPER.readTree(json));
    }

    @Test
    void fieldsAViewDoesNotNameAreIgnored() throws JsonProcessingException {
        assertThat(answer("""
                {"success":true,"repo":{"id":"r","name":"n","orgId":"o","extra":[1,2]}}""").field("repo", Named.class))
                .isEqualTo(new Named("r", "n"));
    }

    /** The mistake that detached configurations: attachments read by {@code id}, which the API does not send. */
    @Test
    void aFieldAViewNamesButTheAnswerLacksIsAnError() {
        assertThatThrownBy(() -> answer("""
                {"success":true,"repos":[{"id":"r","workspaceId":"w","name":"n","disabled":false,"createdAt":null,
                  "aiLlms":[{"id":"c","aiLlm":{"id":"c","name":"config"}}]}]}""").list("repos", Repo.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("aiLlmId");
        assertThatThrownBy(() -> answer("{\"success\":true}").list("repos", Repo.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'repos'");
    }

    @Test
    void aNullWhereTheViewHoldsAPrimitiveIsAnError() {
        assertThatThrownBy(() -> answer("""
                {"repo":{"id":"r","workspaceId":"w","name":"n","disabled":null,"createdAt":null,"aiLlms":[]}}""")
                .field("repo", Repo.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("disabled");
    }

    @Test
    void tokenCountsSentAsStringsBindToNumbers() throws JsonProcessingException {
        UsageRow row = answer("""
                {"data":[{"timestamp":1700000000000,"repoId":"r","aiLlmId":null,"repoAiApiKeyId":"k","llmModel":"m",
                  "apiCalls":2,"tokensIn":"9007199254740993","tokensOut":"7","policyViolations":0,"numBlocks":0,
                  "cachedTokens":"3","cost":null,"unpricedCalls":2}]}""")
                .list("data", UsageRow.class).getFirst();
        assertThat(row.tokensIn()).isEqualTo(9007199254740993L);
        assertThat(row.aiLlmId()).isNull();
        assertThat(row.cachedTokens()).isEqualTo(3);
        assertThat(row.cost()).as("an unknown cost stays unknown").isNull();
    }
}
