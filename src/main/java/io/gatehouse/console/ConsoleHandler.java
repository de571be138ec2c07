package io.gatehouse.console;

/** One console page or action, written as plain blocking code (it runs on a virtual thread). */
@FunctionalInterface
interface ConsoleHandler {
    ConsoleReply handle(ConsoleCall call);
}
