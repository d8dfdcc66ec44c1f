"""run-insights: Run Insights reports from exported rConfig V2 integration runs."""

__version__ = "0.1.0"
