/**
 * The contract between the operator and the trainer it starts: environment variables, the command line, the
 * progress report's key, the run folder's layout, the exit codes and the GPUs the CUDA image runs on. Both sides use
 * these names, so a change to one is a change to both.
 */
package io.kubegpt.api.trainer;
