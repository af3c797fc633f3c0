/** Who is signed in: the session, the local demo identities, the security headers, CSRF and the cookie. */
package cn.jiyuan.integrity.console.signin;
