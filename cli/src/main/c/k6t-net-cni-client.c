/*
 * k6t-net-cni-client SOCKET: forwards one CNI plugin invocation (its CNI_* environment variables and
 * the network configuration on stdin) to the k6t-net node daemon on the Unix socket SOCKET, and
 * prints the daemon's answer on stdout with the daemon's exit code. bin/k6t-net-cni runs it when the
 * socket exists; the protocol is io.k6t.net.kubevirt.cni.CniWire (all numbers 32-bit big-endian):
 *
 *   request  = "K6C1" env-length env config-length config     env = *(CNI_NAME=value NUL)
 *   response = "K6R1" exit-code result-length result
 *
 * Exit 75 (EX_TEMPFAIL) without reading stdin when nothing accepts on SOCKET: the caller then runs
 * the plugin in-process. Once the request is sent, a daemon that ends before answering is the
 * spec's error 11 (try again later) on stdout and exit 1: the runtime retries, and DEL and ADD
 * converge whatever the daemon did. Kept to the C library so that it starts in a millisecond
 * (docs/benchmarks.md, "CNI plugin start-up").
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define NOT_SERVED 75
#define MAX_CONFIG (4u * 1024 * 1024)
#define MAX_ENVIRONMENT (64u * 1024)
#define MAX_RESULT (16u * 1024 * 1024)

extern char **environ;

static void fail(int code, const char *msg, const char *details) {
    printf("{\"cniVersion\":\"1.1.0\",\"code\":%d,\"msg\":\"%s\",\"details\":\"%s\"}\n", code, msg, details);
    fprintf(stderr, "k6t-net-cni: %s: %s\n", msg, details);
    exit(1);
}

static void put32(unsigned char *p, uint32_t v) {
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static uint32_t get32(const unsigned char *p) {
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void send_all(int fd, const void *data, size_t length) {
    const char *p = data;
    while (length > 0) {
        ssize_t n = send(fd, p, length, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fail(11, "the k6t-net daemon ended before answering", "sending the request failed");
        }
        p += n;
        length -= (size_t) n;
    }
}

/* Reads exactly length bytes; 0 when the daemon closed the connection first. */
static int receive_all(int fd, void *data, size_t length) {
    char *p = data;
    while (length > 0) {
        ssize_t n = read(fd, p, length);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return 0;
        }
        p += n;
        length -= (size_t) n;
    }
    return 1;
}

int main(int argc, char **argv) {
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (argc != 2) {
        fprintf(stderr, "usage: k6t-net-cni-client SOCKET\n");
        return 2;
    }
    if (strlen(argv[1]) >= sizeof address.sun_path) {
        /* No daemon can listen there: the plugin runs in-process, as without a daemon. */
        fprintf(stderr, "k6t-net-cni: %s is too long for a Unix socket (%zu bytes at most): running in-process\n",
                argv[1], sizeof address.sun_path - 1);
        return NOT_SERVED;
    }
    strcpy(address.sun_path, argv[1]);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &address, sizeof address) != 0) {
        fprintf(stderr, "k6t-net-cni: no daemon answers on %s (%s): running in-process\n", argv[1],
                strerror(errno));
        return NOT_SERVED;
    }

    /* Header and environment: magic, env-length, the CNI_* entries. */
    static unsigned char env[8 + MAX_ENVIRONMENT];
    size_t used = 8;
    for (char **e = environ; *e != NULL; e++) {
        size_t length = strlen(*e) + 1;
        if (strncmp(*e, "CNI_", 4) != 0) {
            continue;
        }
        if (used + length > sizeof env) {
            fail(4, "invalid environment variables", "the CNI_* variables exceed 64 KiB");
        }
        memcpy(env + used, *e, length);
        used += length;
    }
    memcpy(env, "K6C1", 4);
    put32(env + 4, (uint32_t) (used - 8));

    /* The configuration, whole (the daemon needs its length first). */
    size_t capacity = 64 * 1024, length = 0;
    char *config = malloc(capacity);
    for (;;) {
        if (config == NULL) {
            fail(5, "cannot read the network configuration", "out of memory");
        }
        ssize_t n = read(0, config + length, capacity - length);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fail(5, "cannot read the network configuration", strerror(errno));
        }
        if (n == 0) {
            break;
        }
        length += (size_t) n;
        if (length > MAX_CONFIG) {
            fail(5, "cannot read the network configuration", "stdin exceeds 4 MiB");
        }
        if (length == capacity) {
            capacity *= 2;
            config = realloc(config, capacity);
        }
    }
    unsigned char config_length[4];
    put32(config_length, (uint32_t) length);
    send_all(fd, env, used);
    send_all(fd, config_length, 4);
    send_all(fd, config, length);

    unsigned char header[12];
    if (!receive_all(fd, header, sizeof header)) {
        fail(11, "the k6t-net daemon ended before answering", "the connection closed before the answer");
    }
    if (memcmp(header, "K6R1", 4) != 0) {
        fail(11, "the k6t-net daemon speaks another protocol version", "its answer does not start with K6R1");
    }
    uint32_t exit_code = get32(header + 4), result_length = get32(header + 8);
    char *result = result_length <= MAX_RESULT ? malloc(result_length + 1) : NULL;
    if (result == NULL) {
        fail(11, "the k6t-net daemon answered too much", "the result exceeds 16 MiB");
    }
    if (!receive_all(fd, result, result_length)) {
        fail(11, "the k6t-net daemon ended before answering", "the connection closed inside the answer");
    }
    if (fwrite(result, 1, result_length, stdout) != result_length || fflush(stdout) != 0) {
        return 1;
    }
    return exit_code > 255 ? 1 : (int) exit_code;
}
