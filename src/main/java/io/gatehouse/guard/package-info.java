/** In-process protections against abuse shared by both listeners, such as throttling repeated authentication failures per source. */
package io.gatehouse.guard;
