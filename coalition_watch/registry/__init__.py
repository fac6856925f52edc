"""Knowledge-base files, name normalisation and the actor resolver."""
