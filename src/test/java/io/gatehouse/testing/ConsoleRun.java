package io.gatehouse.testing;

import io.gatehouse.testing.fake.FakeOpenAi;

/**
 * What a console browser test runs against: a headless Chromium (started first, so a missing one skips or fails the
 * test before anything else starts), a server with the gateway's settings and a fake OpenAI; closed together. A step
 * is checked clean afterwards: the browser logged nothing and holds no provider secret.
 */
public final class ConsoleRun implements AutoCloseable {
    private final Browser browser;
    private final TestServer server;
    private final FakeOpenAi provider;
    private final String providerSecret;

    private ConsoleRun(Browser browser, TestServer server, FakeOpenAi provider, String providerSecret) {
        this.browser = browser;
        this.server = server;
        this.provider = provider;
        this.providerSecret = providerSecret;
    }

    /** Screenshots are named {@code run-…}; the fake provider takes {@code providerSecret}. */
    public static ConsoleRun start(String run, String providerSecret) {
        Browser browser = Browser.start(run);
        try {
            return new ConsoleRun(browser, TestServer.start(GatewayWorld.settings()), new FakeOpenAi(providerSecret), providerSecret);
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    public Browser browser() {
        return browser;
    }

    public TestServer server() {
        return server;
    }

    public FakeOpenAi provider() {
        return provider;
    }

    public void step(Runnable step) {
        step.run();
        browser.assertClean(providerSecret);
    }

    @Override
    public void close() {
        browser.close();
        server.close();
        provider.close();
    }
}
