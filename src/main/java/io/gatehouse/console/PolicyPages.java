package io.gatehouse.console;

final class PolicyPages {
    void register(ConsoleRoutes routes) {
    }
}
