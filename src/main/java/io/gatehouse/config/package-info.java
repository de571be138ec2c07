/**
 * Configuration: {@link io.gatehouse.config.Settings} merges the file ({@code gatehouse.yaml} or
 * {@code .properties}), {@code GATEHOUSE_*} environment variables and {@code --set key=value} flags, later
 * sources winning; {@link io.gatehouse.config.GatehouseConfig} gives the typed view every component starts from.
 */
package io.gatehouse.config;
