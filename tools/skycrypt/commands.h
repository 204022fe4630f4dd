/*
 * commands.h — skycrypt's commands other than acvp (commands.c): keygen,
 * sign, verify, encaps, decaps, hash, seal and open.
 */
#ifndef SKYCRYPT_COMMANDS_H
#define SKYCRYPT_COMMANDS_H

/* Run command `name` with its options argv[0..argc). Returns the exit status. */
int command_run(const char *name, int argc, char **argv);

#endif
