package io.gatehouse.cli;

import io.gatehouse.store.SealedColumns;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.crypto.KeyringException;
import io.gatehouse.crypto.MasterKeyring;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.store.Database;
import io.gatehouse.store.SealedValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gatehouse keys}: master key versions. {@code rotate} re-wraps every sealed value under a newer master
 * key version while servers keep running (with the key file it adds that version itself; with
 * {@code GATEHOUSE_MASTER_KEY} the operator adds it first, from {@code generate}). See docs/keys.md.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Master key operations (generate, rotate).",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.Generate.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Re-wrap every stored secret under a newer master key version; servers keep serving.",
                    "Key file: adds a new version to it first. GATEHOUSE_MASTER_KEY: uses the newest version it holds",
                    "(add one from `gatehouse keys generate` on every node first)."})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                GatehouseConfig config = options.load();
                boolean fromEnvironment = config.masterKey().isPresent();
                try (Database db = Database.open(config)) {
                    MasterKeyring current = MasterKeyring.load(config, false);
                    SecretBox box = new SecretBox(current);
                    // A wrong key must be refused before anything is re-wrapped under it.
                    SealedValues.verify(db.jdbi(), box, SealedColumns.ALL);
                    if (fromEnvironment) {
                        if (SealedValues.countNotUnder(db.jdbi(), SealedColumns.ALL, current.primaryVersion()) == 0) {
                            err.println("gatehouse: every stored secret is already sealed under master key version "
                                    + current.primaryVersion() + ", the newest in GATEHOUSE_MASTER_KEY. To rotate, run"
                                    + " `gatehouse keys generate`, add its entry to GATEHOUSE_MASTER_KEY on every node,"
                                    + " restart them, then run `gatehouse keys rotate` again.");
                            return 3;
                        }
                    } else {
                        MasterKeyring next = current.withNewVersion();
                        MasterKeyring.writeKeyFile(MasterKeyring.keyFile(config), next.serialize(), true);
                        box.useKeyring(next);
                    }
                    int version = box.keyring().primaryVersion();
                    SealedValues.Rotation rotation = SealedValues.rewrap(db.jdbi(), box, SealedColumns.ALL);
                    record(db, version, rotation, fromEnvironment ? "GATEHOUSE_MASTER_KEY" : "key file");
                    out.println("Re-wrapped " + rotation.rewrapped() + " stored secret" + (rotation.rewrapped() == 1 ? "" : "s")
                            + " under master key version " + version + (fromEnvironment ? "" : ", added to " + MasterKeyring.keyFile(config)) + ".");
                    if (rotation.remaining() > 0) {
                        out.println(rotation.remaining() + " changed while rotating and stay under an older version"
                                + " (still readable); run rotate again to move them.");
                    }
                    return 0;
                }
            } catch (ConfigException | KeyringException e) {
                err.println("gatehouse: " + e.getMessage());
                return 2;
            }
        }

        /** One audit event per organization, since every tenant's secrets were re-wrapped. */
        private static void record(Database db, int version, SealedValues.Rotation rotation, String source) {
            AuditLog audit = new AuditLog(Clock.systemUTC());
            db.jdbi().useTransaction(h -> {
                for (String orgId : h.createQuery("SELECT id FROM organization").mapTo(String.class).list()) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("version", version);
                    details.put("rewrapped", rotation.byOrg().getOrDefault(orgId, 0));
                    details.put("source", source);
                    audit.record(h, new AuditLog.Entry(orgId, null, null, AuditContext.MASTERKEY, null, AuditAction.ROTATED, details));
                }
            });
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Print a new master key entry <version>:<base64>, one version above the current keyring,",
                    "to add to GATEHOUSE_MASTER_KEY on every node before `gatehouse keys rotate`."})
    static final class Generate implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                GatehouseConfig config = options.load();
                boolean none = config.masterKey().isEmpty() && !Files.exists(MasterKeyring.keyFile(config));
                int version = none ? 1 : MasterKeyring.load(config, false).primaryVersion() + 1;
                spec.commandLine().getOut().println(version + ":" + Base64.getEncoder().encodeToString(Tokens.randomBytes(32)));
                spec.commandLine().getErr().println("Add this entry to GATEHOUSE_MASTER_KEY on every node (entries are"
                        + " comma-separated; keep the older ones), restart them, then run `gatehouse keys rotate`.");
                return 0;
            } catch (ConfigException | KeyringException e) {
                spec.commandLine().getErr().println("gatehouse: " + e.getMessage());
                return 2;
            }
        }
    }
}
