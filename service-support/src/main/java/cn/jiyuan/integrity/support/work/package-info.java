/** The services' own threads: a worker that runs one step until it is stopped, the signal that wakes it, and a thread stopped. */
package cn.jiyuan.integrity.support.work;
