"""iln-sync: keeps the KY Innovative Learning Network SharePoint site true to the districts' Letters of Commitment."""

__version__ = "0.1.0"

#: Decorated User-Agent, as Microsoft asks of SharePoint Online clients so that
#: throttling treats us as an identified app (learn.microsoft.com, "Avoid getting
#: throttled or blocked in SharePoint Online": "NONISV|CompanyName|AppName/Version").
USER_AGENT = f"NONISV|KDE|iln-sync/{__version__}"
