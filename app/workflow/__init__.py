"""Workflows as data: definitions, states and transitions are rows an HR admin edits; the engine
applies a transition with one conditional UPDATE, logs it, and feeds the inbox ("Tugas Saya")."""
