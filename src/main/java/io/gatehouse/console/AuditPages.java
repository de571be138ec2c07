package io.gatehouse.console;

final class AuditPages {
    void register(ConsoleRoutes routes) {
    }
}
