/** Values every capability shares: money, ids and the sources of time and randomness. */
package dev.dangol.shared;
