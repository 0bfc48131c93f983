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

@export()
@description('A subscription on the events topic.')
type topicSubscription = {
  @description('Subscription name (1-50 characters).')
  @minLength(1)
  @maxLength(50)
  name: string

  @description('Optional SQL filter on the message properties (eventType, calendarId, linkId, sys.Label); empty or absent: every event.')
  sqlFilter: string?
}
