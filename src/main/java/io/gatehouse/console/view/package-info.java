/**
 * What console pages show, as records bound from the Platform API's answers: each record's components are the
 * API's own JSON field names (unknown fields ignored, a field a record names but the answer lacks is an error),
 * and the jte templates take these records as typed parameters. A field misspelt in a template is a compile error;
 * one misspelt in a record fails the first page that binds it, instead of rendering a blank cell or an unchecked box.
 */
package io.gatehouse.console.view;
