/** The URLs of the testbed's real servers, served to integration tests by web-test-runner.config.mjs. */
declare module '/__testbed__/config.js' {
  const config: {
    urls: {
      /** The gateway (CORS, fault injection) in front of every backend. */
      gateway: string;
      /** The La Suite services JSON, through the gateway. */
      services: string;
      servicesDirect: string;
      portal: string;
    };
  };
  export default config;
}
