/** Users and sign-in: login, refresh and logout, session and management tokens, the caller's profile, and the users of an organization ({@code /organization/users}). */
package io.gatehouse.platform.user;
