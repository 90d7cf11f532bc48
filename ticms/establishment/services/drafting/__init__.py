"""Drafting an application (第十三条第2项): start it, save its sections partly, add and remove
rows and attachments. `services/__init__.py` re-exports each module's services."""
