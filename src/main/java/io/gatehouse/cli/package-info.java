/** The command line ({@code gatehouse serve}, {@code gatehouse keys rotate}, …), built with picocli. */
package io.gatehouse.cli;
