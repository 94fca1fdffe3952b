/* steepest.c — the `steepest` command-line program: dispatches to one
 * subcommand per file (cmd-*.c). */
#include "cli.h"
#include "cli-plot.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "norms", cli_cmd_norms, "list the available norms, their parameters and broken plugins" },
    { "figure2", cli_cmd_figure2, "reproduce the paper's Figure 2 (CSV + PNG/SVG heatmaps)" },
    { "analyze", cli_cmd_analyze, "smoothness constants and norm comparison for a matrix or objective" },
    { "minimize", cli_cmd_minimize, "run steepest descent in one or more norms and compare them" },
    { "check-plugin", cli_cmd_check_plugin, "check that a norm plugin module keeps its contract" },
};

static void
usage(FILE *out)
{
    fprintf(out,
            "Usage: steepest COMMAND [OPTIONS...]\n"
            "\n"
            "Steepest descent under any norm (libsteepest %s).\n"
            "\n"
            "Commands:\n",
            STEEPEST_VERSION_STRING);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "Run 'steepest COMMAND --help' for the options of a command.\n"
            "Norm plugins are loaded from %s and the absolute\n"
            "directories in STEEPEST_PLUGIN_PATH.\n",
            steepest_plugin_dir());
}

static int
run(int argc, char **argv)
{
    /* Numbers are printed and parsed in the C locale (g_ascii_*), messages may be UTF-8. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    int cmd_argc = argc - 1;
    char **cmd_argv = argv + 1;
    /* 'steepest help COMMAND' is 'steepest COMMAND --help', as users of git expect. */
    char *help_argv[] = { argc > 2 ? argv[2] : NULL, (char *) "--help", NULL };
    if (strcmp(name, "help") == 0 && argc > 2) {
        name = argv[2];
        cmd_argc = 2;
        cmd_argv = help_argv;
    } else if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("steepest %s\n", STEEPEST_VERSION_STRING);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(name, commands[i].name) == 0) {
            cli_command = commands[i].name;
            g_set_prgname("steepest");
            int code = commands[i].run(cmd_argc, cmd_argv);
            cli_plot_shutdown();
            return code;
        }
    }
    fprintf(stderr, "steepest: unknown command '%s'\n", name);
    usage(stderr);
    return CLI_EXIT_USAGE;
}

/* Output that never reached its file is a failure, as in coreutils'
 * close_stdout: `steepest norms > /dev/full` must not exit 0.  The buffered
 * data is flushed and stdout closed at the end, where a write error finally
 * shows; returns FALSE (after saying so on stderr) if output was lost. */
static gboolean stdout_closed;

static gboolean
close_stdout(void)
{
    stdout_closed = TRUE;
    errno = 0;
    gboolean failed = fflush(stdout) != 0;
    failed |= ferror(stdout) != 0;
    int saved = errno;
    if (fclose(stdout) != 0 && !failed) {
        failed = TRUE;
        saved = errno;
    }
    if (failed)
        fprintf(stderr, "steepest%s%s: write error on standard output%s%s\n", cli_command[0] ? " " : "",
                cli_command, saved ? ": " : "", saved ? g_strerror(saved) : "");
    return !failed;
}

/* For the paths that end in exit() rather than a return from main (GOption
 * exits after printing --help): the status can only become a failure here. */
static void
close_stdout_at_exit(void)
{
    if (!stdout_closed && !close_stdout())
        _exit(CLI_EXIT_FAILURE);
}

int
main(int argc, char **argv)
{
    atexit(close_stdout_at_exit);
    int code = run(argc, argv);
    if (!close_stdout() && code == CLI_EXIT_OK)
        code = CLI_EXIT_FAILURE;
    return code;
}
