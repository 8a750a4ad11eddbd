"""Users of the web page and the JSON API: roles, argon2 passwords, bearer tokens, access."""
