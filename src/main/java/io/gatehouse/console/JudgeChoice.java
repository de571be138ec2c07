package io.gatehouse.console;

import io.gatehouse.console.view.Configuration;
import io.gatehouse.console.view.OrgSettings;

import java.util.List;

import static io.gatehouse.console.PlatformClient.enc;

/**
 * The organization's judge settings and the configurations to choose it from, for the judge form: organization
 * managers only (the judge is theirs to choose).
 */
public record JudgeChoice(OrgSettings settings, List<Configuration> configs) {

    /** The choice for this page, or null when the user does not manage the organization. */
    static JudgeChoice of(ConsoleCall call, Frame frame) {
        if (!frame.managesOrganization()) {
            return null;
        }
        OrgSettings settings = call.api().read("/organization/" + enc(call.session().orgId()) + "/settings")
                .field("settings", OrgSettings.class);
        return new JudgeChoice(settings, ConfigurationPages.configurations(call, frame.workspace().id()));
    }
}
