"""Role banks: TOML files in, validated models out. Pure but for file I/O at the edge.

``discover`` (where banks come from), ``load`` (read, parse, validate; :class:`LoadResult`),
``errors`` (one line per problem, naming file, line and field), ``lines`` (the line of any TOML
key), ``cache`` (validated JSON beside the TOML, so warm starts skip parsing), ``lazy`` (banks read
back from a cache entry, each question's body read when used), ``write`` (TOML out, atomically;
the JSON Schema), ``edit`` (an ``$EDITOR`` edit of a bank, checked before it is kept).
"""
