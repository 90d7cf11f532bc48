"""Forms of the establishment pages, one module per group of pages: guides, the application
list, and the drafting side (its shared base, the one-form sections, the row sections, the
pasted team roster, the version comparison)."""
