/** The web edge: problem+json for every refusal, and the JSON API's documentation. */
package dev.dangol.web;
