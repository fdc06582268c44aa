"""Recipes that train unspin's models from open data (`unspin train <layer>`)."""
