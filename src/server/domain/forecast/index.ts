// Public surface of the demand forecast: models, backtest, Erlang C staffing and the orchestrating buildForecast.
export * from './erlang-c';
export * from './forecast';
export * from './holt-winters';
export * from './previsao-layout';
