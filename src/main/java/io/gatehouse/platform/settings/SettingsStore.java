package io.gatehouse.platform.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.platform.Json;
import io.gatehouse.store.Columns;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/** SQL for settings documents, one row per owner ({@code user} or {@code organization} and its id). */
final class SettingsStore {
    /** A stored document and when it was last written (the version a write must still find). */
    record Stored(ObjectNode settings, Instant updatedAt) {
    }

    private SettingsStore() {
    }

    static Stored load(Handle h, String kind, String ownerId) {
        Optional<Stored> row = h.createQuery("""
                        SELECT settings, updated_at FROM settings_document WHERE owner_kind = :kind AND owner_id = :owner""")
                .bind("kind", kind).bind("owner", ownerId)
                .map((rs, ctx) -> new Stored(parse(rs.getString("settings")), Columns.instant(rs, "updated_at")))
                .findOne();
        // A fresh empty document each time: callers may add to what they read.
        return row.orElseGet(() -> new Stored(Json.MAPPER.createObjectNode(), null));
    }

    /**
     * Writes the document if the stored one is still {@code previous} (by its write time); false when another
     * write came between, so a merge never loses one made at the same time.
     */
    static boolean save(Handle h, String kind, String ownerId, String orgId, Stored previous, ObjectNode settings,
                        String updatedBy, Instant now) {
        if (previous.updatedAt() == null) {
            h.createUpdate("""
                            INSERT INTO settings_document (owner_kind, owner_id, org_id, settings, updated_by, updated_at)
                            VALUES (:kind, :owner, :org, :settings, :by, :now)""")
                    .bind("kind", kind).bind("owner", ownerId).bind("org", orgId).bind("settings", Json.write(settings))
                    .bind("by", updatedBy).bind("now", now).execute();
            return true;
        }
        return h.createUpdate("""
                        UPDATE settings_document SET settings = :settings, updated_by = :by, updated_at = :now
                        WHERE owner_kind = :kind AND owner_id = :owner AND updated_at = :previous""")
                .bind("kind", kind).bind("owner", ownerId).bind("settings", Json.write(settings)).bind("by", updatedBy)
                .bind("now", now).bind("previous", previous.updatedAt()).execute() == 1;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("settings_document.settings is not JSON", e);
        }
    }
}
