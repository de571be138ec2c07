package io.gatehouse.console.view;

/** Anything the API refers to by id and name: a configuration's repositories, a policy's workspace or repository. */
public record Named(String id, String name) {
}
