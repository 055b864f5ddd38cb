"""Schedule maths on the model, pure: day counting, the Kazakhstan calendar, slippage, forecasts."""
