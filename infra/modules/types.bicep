// Types shared by the OneTimeLinks templates.

@export()
@description('Resource tags: tag names mapped to string values.')
type resourceTags = {
  @description('Any tag name and its value.')
  *: string
}

@export()
@description('App settings: setting names mapped to string values.')
type appSettingsMap = {
  @description('Any app setting name and its value.')
  *: string
}
