"""Reading the workspace: files -> meetings, the cache, the format's one definition."""

import warnings

from ruamel.yaml.error import MantissaNoDotYAML1_1Warning

# `venue: 1e3` made ruamel print a dozen lines of advice about YAML 1.1 floats on stderr;
# the check that follows says it where it is, in one (expected text, got the number 1000.0)
warnings.filterwarnings("ignore", category=MantissaNoDotYAML1_1Warning)
