"""tessera.lists"""
