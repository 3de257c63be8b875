/** Members of Dangol. Identity verification and sessions come with the launch-day work. */
package dev.dangol.identity;
