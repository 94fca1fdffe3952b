# The C sources keep the committed layout (.clang-format, applied by
# scripts/maintenance/format.sh): any file clang-format would change fails
# this check, with the lines it would change in the log.
record format "$top/scripts/maintenance/format.sh" --check
