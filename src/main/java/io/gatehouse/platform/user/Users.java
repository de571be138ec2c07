package io.gatehouse.platform.user;

import io.gatehouse.store.Columns;
import io.gatehouse.platform.OrgRole;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/** SQL for user accounts. Deleted accounts keep their row (the audit log names them) but free their e-mail. */
public final class Users {
    static final RowMapper<User> MAPPER = (rs, ctx) -> new User(
            rs.getString("id"), rs.getString("org_id"), rs.getString("email"), rs.getString("name"),
            rs.getString("last_name"), rs.getString("password_hash"), OrgRole.fromCode(rs.getInt("org_role")),
            Columns.instant(rs, "created_at"));

    private static final String COLUMNS = "id, org_id, email, name, last_name, password_hash, org_role, created_at";

    private Users() {
    }

    public static Optional<User> byEmail(Handle h, String email) {
        return h.createQuery("SELECT " + COLUMNS + " FROM app_user WHERE email = :email AND deleted_at IS NULL")
                .bind("email", email.trim().toLowerCase(Locale.ROOT)).map(MAPPER).findOne();
    }

    public static Optional<User> byId(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM app_user WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id).map(MAPPER).findOne();
    }

    /** A live user of the given organization; anyone else is "not found". */
    public static Optional<User> inOrg(Handle h, String orgId, String id) {
        return byId(h, id).filter(u -> u.orgId().equals(orgId));
    }

    /**
     * The display names ("name lastName") of the ids that are live members of the organization, by user id or by
     * e-mail (as the gateway's attribution ids may be either), keyed by the id as given; ids of no member are absent.
     */
    public static Map<String, String> memberNames(Handle h, String orgId, Collection<String> ids) {
        Map<String, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        List<String> emails = ids.stream().map(id -> id.toLowerCase(Locale.ROOT)).distinct().toList();
        h.createQuery("SELECT id, email, name, last_name FROM app_user WHERE org_id = :orgId AND deleted_at IS NULL"
                        + " AND (id IN (<ids>) OR email IN (<emails>))")
                .bind("orgId", orgId).bindList("ids", List.copyOf(ids)).bindList("emails", emails)
                .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("email"),
                        (rs.getString("name") + " " + rs.getString("last_name")).trim()})
                .forEach(member -> {
                    for (String id : ids) {
                        if (id.equals(member[0]) || id.equalsIgnoreCase(member[1])) {
                            names.put(id, member[2]);
                        }
                    }
                });
        return names;
    }

    public static List<User> ofOrg(Handle h, String orgId, int skip, int take) {
        return h.createQuery("SELECT " + COLUMNS + " FROM app_user WHERE org_id = :orgId AND deleted_at IS NULL"
                        + " ORDER BY created_at DESC, id LIMIT :take OFFSET :skip")
                .bind("orgId", orgId).bind("take", take).bind("skip", skip).map(MAPPER).list();
    }

    public static long countOfOrg(Handle h, String orgId) {
        return h.createQuery("SELECT COUNT(*) FROM app_user WHERE org_id = :orgId AND deleted_at IS NULL")
                .bind("orgId", orgId).mapTo(Long.class).one();
    }

    public static long countOwners(Handle h, String orgId) {
        return h.createQuery("SELECT COUNT(*) FROM app_user WHERE org_id = :orgId AND org_role = :owner AND deleted_at IS NULL")
                .bind("orgId", orgId).bind("owner", OrgRole.OWNER.code()).mapTo(Long.class).one();
    }

    public static void insert(Handle h, User user) {
        h.createUpdate("INSERT INTO app_user (" + COLUMNS + ") VALUES (:id, :orgId, :email, :name, :lastName, :hash, :role, :createdAt)")
                .bind("id", user.id()).bind("orgId", user.orgId()).bind("email", user.email())
                .bind("name", user.name()).bind("lastName", user.lastName()).bind("hash", user.passwordHash())
                .bind("role", user.orgRole().code()).bind("createdAt", user.createdAt())
                .execute();
    }

    public static boolean emailTaken(Handle h, String email) {
        return h.createQuery("SELECT COUNT(*) FROM app_user WHERE email = :email")
                .bind("email", email).mapTo(Long.class).one() > 0;
    }

    /** Marks the account deleted, frees its e-mail address and drops its sessions, tokens and memberships. */
    public static void softDelete(Handle h, String id, Instant now) {
        h.createUpdate("UPDATE app_user SET deleted_at = :now, email = CONCAT(id, ':', email), password_hash = NULL WHERE id = :id")
                .bind("id", id).bind("now", now).execute();
        h.createUpdate("DELETE FROM user_session WHERE user_id = :id").bind("id", id).execute();
        h.createUpdate("UPDATE management_token SET revoked_at = :now WHERE user_id = :id AND revoked_at IS NULL")
                .bind("id", id).bind("now", now).execute();
        h.createUpdate("DELETE FROM workspace_member WHERE user_id = :id").bind("id", id).execute();
    }
}
