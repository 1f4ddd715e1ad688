"""tessera.model"""
