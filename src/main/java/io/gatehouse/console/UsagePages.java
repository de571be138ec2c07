package io.gatehouse.console;

final class UsagePages {
    void register(ConsoleRoutes routes) {
    }
}
