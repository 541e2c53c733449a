"""The speed machinery, behind one interface (`executors`): the second process (`helper`),
the parse started before the imports (`preread`), and every threshold (`tuning`).

Nothing in `kbo_cli.core` or in what the sheets show depends on it: the core is handed an
executor (serial by default), and the writing of the district workbooks is handed one too.
"""
