package io.gatehouse.platform.org;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.store.SqlErrors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * First start on an empty store: founds the default organization, its default workspace and an owner account
 * from {@code GATEHOUSE_ADMIN_EMAIL}/{@code GATEHOUSE_ADMIN_PASSWORD}, or {@code admin@localhost} with a
 * generated password printed once on the console (never to the log). Later starts find the organization
 * and do nothing; when several nodes start at once, the unique e-mail makes exactly one of them win.
 */
public final class Bootstrap {
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
    public static final String DEFAULT_ORG_NAME = "Default organization";

    private Bootstrap() {
    }

    public static void run(Jdbi jdbi, AuditLog audit, GatehouseConfig config, Clock clock, PrintStream console) {
        if (jdbi.withHandle(Organizations::count) > 0) {
            return;
        }
        boolean generated = config.adminPassword().isEmpty();
        String password = config.adminPassword()
                .orElseGet(() -> Base64.getUrlEncoder().withoutPadding().encodeToString(Tokens.randomBytes(18)));
        String email = config.adminEmail().trim().toLowerCase(java.util.Locale.ROOT);
        try {
            jdbi.useTransaction(h -> Organizations.found(h, audit, DEFAULT_ORG_NAME, email, password, "Admin", "",
                    Instant.now(clock)));
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                log.info("Another node created the first organization first");
                return;
            }
            throw e;
        }
        log.info("First start: created the default organization, workspace and owner account {}", email);
        if (generated) {
            console.println();
            console.println("==================================================================");
            console.println(" Gatehouse first start: an owner account was created.");
            console.println("   email:    " + email);
            console.println("   password: " + password);
            console.println(" This password is shown only now. Sign in and change it.");
            console.println("==================================================================");
            console.println();
            console.flush();
        }
    }
}
