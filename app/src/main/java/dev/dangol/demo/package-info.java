/** Demo data for the embedded default. */
package dev.dangol.demo;
