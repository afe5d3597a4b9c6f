"""What the ratings show: outcome figures from a client's runs and the plain words about
progress that the Progress screen, the summary and `calm-harbor stats` say."""
