/** Organizations: reading and renaming one's own ({@code /organization/{orgId}}), founding new ones, and the first-start bootstrap. */
package io.gatehouse.platform.org;
