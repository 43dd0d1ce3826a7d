"""Pages of the action plan: the register, an action's progress, the monthly cycle and
reports, and the public view of what has been published."""
