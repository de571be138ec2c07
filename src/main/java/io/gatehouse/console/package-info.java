/**
 * The web console under {@code /ui/} on the admin listener: server-rendered pages (jte templates precompiled at
 * build time in {@code src/main/jte}) with htmx and Chart.js served from WebJars. Sign-in goes through the same
 * {@code SessionService} as {@code POST /user/login}; every other page and form calls the Platform API over
 * loopback HTTP with the user's own access token, so {@code Access} stays the one source of authorization.
 * The session (tokens and a CSRF token) lives in a sealed {@code HttpOnly; SameSite=Strict} cookie.
 */
package io.gatehouse.console;
