"""The web front end (ceres-docs serve): pages and a JSON API over the library."""
