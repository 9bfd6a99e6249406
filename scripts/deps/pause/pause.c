/*
 * pause: the first process of every pod's sandbox. It holds the pod's namespaces open and
 * otherwise does nothing: it sleeps in pause(2), exits 0 when told to stop (SIGINT,
 * SIGTERM), and, being PID 1 of the pod's PID namespace when that is shared, reaps every
 * child reparented to it (SIGCHLD) so no zombies pile up.
 *
 * Built static (scripts/deps/buildPause.sh) so the image needs nothing else.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PAUSE_VERSION
#define PAUSE_VERSION "dev"
#endif

static void stop(int signo) {
  (void)signo;
  _exit(0);
}

static void reap(int signo) {
  int saved = errno;

  (void)signo;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static int on(int signo, void (*handler)(int), int flags) {
  struct sigaction action;

  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  action.sa_flags = flags;
  sigemptyset(&action.sa_mask);

  return sigaction(signo, &action, NULL);
}

int main(int argc, char **argv) {
  if (argc > 1 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--version") == 0)) {
    printf("pause %s\n", PAUSE_VERSION);
    return 0;
  }
  if (on(SIGINT, stop, 0) < 0 || on(SIGTERM, stop, 0) < 0 || on(SIGCHLD, reap, SA_NOCLDSTOP | SA_RESTART) < 0) {
    perror("pause: sigaction");
    return 1;
  }
  for (;;) {
    pause();
  }
}
