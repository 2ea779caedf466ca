/**
 * The contract between the operator and the trainer it starts: environment variables, the command line, the
 * progress report's key, the run folder's layout and the exit codes. Both sides use these names, so a change to one
 * is a change to both.
 */
package io.kubegpt.api.trainer;
