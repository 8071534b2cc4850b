/*
 * The target container's process 1, installed as /sbin/init: what a developer machine shows as
 * process 1, instead of docker-init or `sleep infinity`. It only reaps orphaned children and
 * ends on SIGTERM or SIGINT (docker stop, docker restart). Static, no output, no arguments.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, 0);
  for (;;) {
    int sig = 0;
    if (sigwait(&all, &sig) != 0) continue;
    if (sig == SIGTERM || sig == SIGINT) _exit(0);
    if (sig == SIGCHLD)
      while (waitpid(-1, 0, WNOHANG) > 0) {
      }
  }
}
