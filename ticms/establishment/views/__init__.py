"""Thin views: parse, call one service or selector, render. One module per part of the path."""
