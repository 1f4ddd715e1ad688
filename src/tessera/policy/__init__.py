"""tessera.policy"""
